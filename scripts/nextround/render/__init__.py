"""Render: turn composed content into site pages, print HTML, PDFs, the workshop pack and letter files."""

"""Rules for text people write: Markdown made safe to publish, and letters' `{{ field }}` placeholders."""

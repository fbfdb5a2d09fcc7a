"""The processes a build runs beside itself, MkDocs and the PDF workers: started, fed and stopped here alone."""

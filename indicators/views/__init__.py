"""The indicator pages: one module per page or small group of pages."""

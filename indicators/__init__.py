"""The alliance's monitoring index (双创指数): framework, figures, index, upward reports."""

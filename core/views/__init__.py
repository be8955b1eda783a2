"""The shell's pages: the language redirect, health check, staff start page, sign-in and
sign-out, and the audit log (each module a page or two; URLs in ``core.blueprint``)."""

"""The partner pages: the public directory and each partner's page, and the staff pages for
partners, links and their spreadsheet imports (one module per page; URLs in
``partners.blueprint``)."""

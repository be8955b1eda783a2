"""Federation's pages: feed health and a feed's actions, uploads, push tokens, and the push API
(each module a page or two; URLs in ``federation.blueprint``)."""

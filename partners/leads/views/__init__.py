"""The staff pages for leads — board and list, one lead, the spreadsheet upload, "my
follow-ups", the dashboard, the CSV export — and the private follow-up calendar feed (one
module per page; URLs in ``partners.leads.blueprint``)."""

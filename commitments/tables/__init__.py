"""Tables of a data folder: tidy frames, statuses as at a date, filters, and one view of them."""

"""Security: hostile input and hostile users."""

"""Help for people who need it: the accessibility statement, reports of accessibility
problems, and requests for a page in another format or language."""

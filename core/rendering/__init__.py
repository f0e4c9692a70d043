"""Printing shared by every app: WeasyPrint with the bundled assets (`engine`), renders kept by
content (`cache`), work asked of a worker once per content (`jobs`), and the pages shown while
a worker prepares a file (`waiting`)."""

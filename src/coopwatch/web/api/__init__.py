"""JSON API routes, one module per kind of record; every module's `router` is mounted by
`create_app`. Shared helpers (pagination, CSV) are in `web/api/lists.py`."""

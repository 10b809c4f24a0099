"""The hardship-aid pages: `files` (list, detail, create and edit, the attention list), `steps`
(each step of a file's life, objections), `money` (programmes, payments, 低保标准). `urls.py`
names the views of each module; this package imports nothing so forms may use `common`."""

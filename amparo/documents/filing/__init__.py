"""Filling fillable PDF forms with case data, and building filing packets (docs/documents-filing.md).

The PDF work is done by ``amparo.documents.pdf``; this package keeps the form templates, their
field mappings, the filled forms and the packets of a case, and the pages around them.
"""

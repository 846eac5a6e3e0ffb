"""veribot core: domain model, plugin host, OCR, documents, validation, sources and faces."""

__version__ = "0.1.0"

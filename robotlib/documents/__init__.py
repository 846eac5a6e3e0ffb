"""Identity documents: image intake, reading (OCR + parsing) of cards."""

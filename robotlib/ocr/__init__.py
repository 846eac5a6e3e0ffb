"""OCR engines behind one small interface; the engine is chosen in veribot.toml."""

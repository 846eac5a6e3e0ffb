"""Black- and grey-list screening: blocking indexes, name forms, scores with explanations."""

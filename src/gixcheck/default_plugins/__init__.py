"""Built-in features, registered through the public hooks exactly as a third-party plugin would."""

"""Output formats, one module each; all registered through the output-format hook."""

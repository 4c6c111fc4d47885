"""The main window's docks: scene and inspector, transport, stats, plots, presets."""

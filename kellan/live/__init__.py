"""Live input and sessions: the I/O around a Dreamscape.

OSC and MIDI listen on their own threads and submit typed input events; a clock paces
the fixed-step show against the wall clock; sessions record every applied input and
replay it exactly. No Qt and no GL here, so `kellan play --headless` and render nodes use
all of it.
"""

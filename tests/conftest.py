"""Every test process and the veribot processes it starts seal personal data with one
generated key ring, so no test writes or needs a key file."""

from tests.helpers.keys import install_session_keys

install_session_keys()

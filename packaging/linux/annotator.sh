#!/bin/sh
# Launcher installed as /usr/bin/annotator by the annotator .deb.
exec /opt/annotator/annotator "$@"

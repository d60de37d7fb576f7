FROM debian:12
SHELL ["/bin/bash", "-c"]
RUN touch /a
HEALTHCHECK CMD test -f /a || exit 1

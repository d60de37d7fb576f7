FROM debian:12
COPY --chmod=0755 --chown=root:root start.sh /start.sh

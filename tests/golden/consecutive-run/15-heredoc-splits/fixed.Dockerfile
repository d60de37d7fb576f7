# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN touch /a \
    && touch /b
RUN <<EOT
set -e
touch /c
EOT
RUN touch /d \
    && touch /e

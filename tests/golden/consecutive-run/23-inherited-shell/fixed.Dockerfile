FROM debian:12 AS base
SHELL ["/bin/bash", "-e", "-c"]
RUN touch /base

FROM base
RUN for f in a b; do false; touch /$f; done
RUN touch /c \
    && touch /d

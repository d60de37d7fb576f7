FROM alpine:3.20
RUN touch /a \
# first
# between
    && touch /b \
    && touch /c

FROM alpine:3.20
RUN { touch /a; } \
# make a
    && touch /b && touch /c \
# b and c
    && { touch /d; touch /e; } \
    && touch /f # last one keeps its comment

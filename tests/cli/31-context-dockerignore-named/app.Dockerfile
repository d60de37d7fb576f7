FROM alpine
COPY a.txt b.txt /x/

FROM alpine:3.20
WORKDIR /work
RUN curl -fsSL -o archive.zip https://example.com/a.zip && unzip archive.zip && rm archive.zip

FROM golang:1.22 AS build
RUN go env
FROM alpine:3.20
RUN touch /a
COPY --from=build /go/bin /usr/local/bin
RUN touch /b \
    && touch /c

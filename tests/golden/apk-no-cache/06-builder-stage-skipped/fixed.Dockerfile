FROM alpine:3.20 AS build
RUN apk add gcc musl-dev
RUN gcc -o /hello hello.c

FROM alpine:3.20
COPY --from=build /hello /usr/local/bin/hello
RUN apk add --no-cache --update tzdata

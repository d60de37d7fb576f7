FROM alpine:3.20
RUN apk add --no-cache bash
RUN mkdir -p /app && echo ready > /app/state
CMD ls /app

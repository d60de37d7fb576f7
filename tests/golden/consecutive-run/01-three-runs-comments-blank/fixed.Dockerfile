FROM alpine:3.20
RUN apk add --no-cache curl \
# fetch the tool
    && curl -fsSL -o /usr/local/bin/tool https://example.com/tool \
    && chmod +x /usr/local/bin/tool
CMD ["tool"]

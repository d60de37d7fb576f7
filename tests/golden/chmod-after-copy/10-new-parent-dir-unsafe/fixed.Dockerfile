FROM alpine:3.20
COPY tool.sh /opt/tools/tool.sh
RUN chmod 755 /opt/tools/tool.sh

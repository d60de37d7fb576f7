FROM localhost/bb
COPY --chmod=600 tool.conf /usr/local/bin/

FROM localhost/bb
WORKDIR /tmp
RUN (mkdir sub && cd sub && yes x | head -c 100000 > big && head -c 10 big > /keep) && rm -f sub/big

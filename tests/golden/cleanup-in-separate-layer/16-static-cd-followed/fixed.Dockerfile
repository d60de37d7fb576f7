FROM alpine:3.20
WORKDIR /tmp
RUN ( mkdir sub && cd sub && wget -O big.tgz https://example.com/big.tgz && tar -xzf big.tgz -C /opt ) && rm -f sub/big.tgz

FROM alpine:3.20
RUN ( : "${PREFIX:=/opt}" ) \
    && echo "${PREFIX}" > /prefix \
    && ( : $((N=5)) ${M=1} ) \
    && echo "$N$M" > /n \
    && ( for f in a b; do touch "/$f"; done ) \
    && echo "$f" > /last

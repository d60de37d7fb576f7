FROM debian:12
RUN ( set -o noglob && echo * > /star ) \
    && { set -e; false; echo never > /never; }
RUN echo a > /a \
    && { set -eux; mkdir /b; touch /b/c; }

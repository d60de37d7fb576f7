FROM debian:12
SHELL ["/bin/bash", "-c"]
RUN ( printf -v X %s 1; (( i++ )) ) \
    && echo "[$X$i]" > /x

FROM localhost/bbbash
SHELL ["/bin/bash", "-c"]
RUN [[ -n "$BASH_VERSION" ]] && echo bash > /a && echo {x,y} > /b

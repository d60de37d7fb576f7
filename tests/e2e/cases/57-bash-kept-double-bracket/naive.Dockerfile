FROM localhost/bbbash
RUN echo a > /a
RUN [[ -f /a ]] && echo {yes,sure} > /b || echo no > /b

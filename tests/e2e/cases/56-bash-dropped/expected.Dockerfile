FROM localhost/bbbash
RUN echo hello > /a && test -f /a && for x in 1 2; do echo "$x" >> /a; done

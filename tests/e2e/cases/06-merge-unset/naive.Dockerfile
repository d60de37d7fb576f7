FROM localhost/bb
ENV V=keep
RUN unset V && echo "${V:-gone}" > /a && echo "${V:-gone}" > /b

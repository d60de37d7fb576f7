FROM debian:12 AS plain
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/a | tar -xz -C /opt \
    && ( cd /opt && ls > /list ) \
    && echo done > /done

FROM debian:12 AS strict
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN apt-get update && apt-get install -y curl \
    && if true; then false; echo never; fi
RUN touch /a; touch /b
RUN touch /c

# syntax=docker/dockerfile:1
FROM alpine:3.20
RUN <<EOT
#!/bin/sh -e
mkdir -p /app
touch /app/ok
EOT
RUN <<EOT
#!/bin/sh
touch /b
EOT
RUN <<EOT
#!/bin/bash
arr=(a b)
echo "${arr[0]}"
EOT

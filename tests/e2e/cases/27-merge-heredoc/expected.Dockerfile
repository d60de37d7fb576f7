FROM localhost/bb
RUN <<EOT
(
cd /tmp
echo a > f
) && echo b > f
EOT

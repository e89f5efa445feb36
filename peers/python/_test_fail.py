import sys
print('boom', file=sys.stderr)
sys.exit(3)

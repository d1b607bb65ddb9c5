#!/usr/bin/env python3
"""Screenshots of the web workspace for docs/web.md, from headless Chromium (Debian `chromium`)
driven over the DevTools protocol (needs the `websocket-client` package).

Usage: web-shots.py BASE USER PASSWORD OUTDIR STEP...
  PATH|NAME          open BASE+PATH and save OUTDIR/NAME.png (NAME+ for the whole page)
  ACT:JS             run JavaScript on the page (a promise is awaited)
  FILE:SELECTOR:PATH put a file into a file input
  SHOT:NAME          save the page as it is now

The images in this folder were made with a demo server
(`cargo run -p jixiao-server --example serve -- 127.0.0.1:8089 sqlite:/tmp/demo.db --demo`):
  web-shots.py http://127.0.0.1:8089 tianbao demo2024 docs/images \
    "/units/lcrsj/years/2024?sheet=2|web-year" "/units/lcrsj/years/2024?sheet=score|web-score" \
    "/audit|x" "FILE:input[type=file]:SEED_REPORT.txt" "ACT:document.querySelector('form[enctype]').submit()" "SHOT:web-audit"
  web-shots.py http://127.0.0.1:8089 admin demo2024 docs/images "/units/lcjyj/years/2024/import|x" \
    "FILE:input[type=file]:examples/lechang-hrss-2024.xlsx" "ACT:document.querySelector('form[enctype]').submit()" "SHOT:web-import"
"""
import json, subprocess, sys, tempfile, time, base64, urllib.request, os
import websocket

base, user, pw, outdir = sys.argv[1:5]
steps = sys.argv[5:]
port = 9333
prof = tempfile.mkdtemp()
proc = subprocess.Popen(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", f"--user-data-dir={prof}",
    f"--remote-debugging-port={port}", "--window-size=1280,900", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
            break
        except Exception:
            time.sleep(0.2)
    tab = [t for t in tabs if t["type"] == "page"][0]
    ws = websocket.create_connection(tab["webSocketDebuggerUrl"], timeout=60)
    n = [0]
    def call(method, **params):
        n[0] += 1
        ws.send(json.dumps({"id": n[0], "method": method, "params": params}))
        while True:
            m = json.loads(ws.recv())
            if m.get("id") == n[0]:
                return m.get("result", m)
    def wait_load():
        time.sleep(0.3)
        for _ in range(100):
            r = call("Runtime.evaluate", expression="document.readyState", returnByValue=True)
            if r.get("result", {}).get("value") == "complete":
                break
            time.sleep(0.1)
        time.sleep(0.4)
    call("Page.enable"); call("Runtime.enable")
    call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
    call("Page.navigate", url=base + "/login"); wait_load()
    js = f"""document.querySelector('[name=username]').value={json.dumps(user)};document.querySelector('[name=password]').value={json.dumps(pw)};document.querySelector('form').submit();"""
    call("Runtime.evaluate", expression=js); wait_load(); time.sleep(0.5)
    for i, step in enumerate(steps):
        if step.startswith("ACT:"):
            r = call("Runtime.evaluate", expression=step[4:], returnByValue=True, awaitPromise=True)
            print("act:", json.dumps(r.get("result", {}).get("value"), ensure_ascii=False)[:300]); wait_load(); time.sleep(1.0)
            continue
        if step.startswith("FILE:"):
            _, sel, path = step.split(":", 2)
            doc = call("DOM.getDocument")
            node = call("DOM.querySelector", nodeId=doc["root"]["nodeId"], selector=sel)
            call("DOM.setFileInputFiles", files=[path], nodeId=node["nodeId"])
            print("file set", path)
            continue
        if step.startswith("SHOT:"):
            path, name = None, step[5:]
        else:
            path, _, name = step.partition("|")
            name = name or f"shot{i}"
            call("Page.navigate", url=base + path); wait_load()
        full = name.endswith("+")
        name = name.rstrip("+")
        params = {"format": "png"}
        if full:
            m = call("Page.getLayoutMetrics")
            h = int(m["cssContentSize"]["height"])
            params["clip"] = {"x": 0, "y": 0, "width": 1280, "height": min(h, 6000), "scale": 1}
            params["captureBeyondViewport"] = True
        r = call("Page.captureScreenshot", **params)
        with open(os.path.join(outdir, name + ".png"), "wb") as f:
            f.write(base64.b64decode(r["data"]))
        print("saved", name)
finally:
    proc.terminate()

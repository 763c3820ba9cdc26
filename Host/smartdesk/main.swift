print("smartdesk")

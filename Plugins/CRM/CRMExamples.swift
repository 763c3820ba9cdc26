/// Example phrases per intent, the way callers say them on the phone.
enum CRMExamples {
    static let updateEmail = [
        "I need to update my email address",
        "can you change my email",
        "I've got a new email address",
        "my email has changed",
        "please update the email you have on file",
        "I want to change the email on my account",
        "can I give you a different email",
        "use my new email from now on",
        "I'd like to change my email to dana.w@example.com",
        "update my email",
        "the email you have for me is out of date",
        "I don't use that email anymore, can you change it",
        "could you send things to a different email address instead",
        "new email please",
    ]

    static let updatePhone = [
        "I need to update my phone number",
        "can you change my contact number",
        "I've got a new phone number",
        "my number has changed",
        "please update the phone number on file",
        "I want to give you a better number to reach me",
        "call me on a different number from now on",
        "update my phone number",
        "the number you have for me is wrong",
        "can I change the number you call me on",
        "I switched phones and have a new number",
        "use my mobile number instead",
        "change my contact details to my new cell number",
        "new phone number please",
    ]

    static let contactDetails = [
        "what email do you have for me",
        "what contact details do you have on file",
        "can you tell me what phone number you have for me",
        "which email address is on my account",
        "what information do you have about me",
        "can you read back my details",
        "what number do you have on file for me",
        "check my contact details please",
        "is my email up to date",
        "what's the email on my account",
        "do you have my current phone number",
        "can you confirm my details",
        "what name and email is my account under",
        "I want to make sure you have the right contact information for me",
    ]
}
